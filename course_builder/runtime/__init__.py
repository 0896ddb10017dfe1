"""What runs in the learner's browser: the ES modules (js/, joined into one script per page kind by
bundle.py) and the CSS and vendored files (assets/), the files a site or package ships with them
(files.py, with course-data.js), the SCORM launch page, and the generated handout and certificate pages."""
