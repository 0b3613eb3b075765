print("liplab")
