#!/usr/bin/env python
from pacte.cli import main

if __name__ == "__main__":
    main()
