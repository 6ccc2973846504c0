from kg.cli import run

if __name__ == "__main__":  # a query worker (kg serve) imports this module again, and must not run it
    run()
