import sys

from course_builder.cli import main

sys.exit(main())
