from kg.cli import main

if __name__ == "__main__":  # a query worker (kg serve) imports this module again, and must not run it
    main(prog_name="kg")
