print("no page shows me")
