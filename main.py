from destination_unified_ats.run import run

if __name__ == "__main__":
    run()
