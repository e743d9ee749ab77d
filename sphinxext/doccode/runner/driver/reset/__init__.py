"""Nothing passes from one file to the next in a warm driver: the state a file may
change is recorded before it and put back after it (``state.py``)."""
