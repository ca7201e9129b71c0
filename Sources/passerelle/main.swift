print("passerelle: not yet")
