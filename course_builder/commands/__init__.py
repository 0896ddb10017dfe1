"""The `course-builder` commands: the command line, build, pdf and the build summary."""
