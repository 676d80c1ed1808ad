import sys

from ._build import main

sys.exit(main())
