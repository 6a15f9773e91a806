from cdisql.cli import main

main()
