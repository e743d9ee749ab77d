# __step1_start__
value_1 = 1
# __step1_end__

# __step2_start__
value_2 = 2
# __step2_end__

# __step3_start__
value_3 = 3
# __step3_end__

# __step4_start__
value_4 = 4
# __step4_end__

# __step5_start__
value_5 = 5
# __step5_end__

# __step6_start__
value_6 = 6
# __step6_end__

# __step7_start__
value_7 = 7
# __step7_end__

