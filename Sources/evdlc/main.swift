print("evdlc")
