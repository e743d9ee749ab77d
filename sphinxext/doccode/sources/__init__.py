"""What a unit to run is: regions, file markers, expected output. No Sphinx, no Ray.
"""
