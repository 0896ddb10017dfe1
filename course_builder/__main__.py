import sys

from course_builder.commands.cli import main

sys.exit(main())
