import TandemCLI
