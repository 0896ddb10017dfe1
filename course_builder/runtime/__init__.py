"""What runs in the learner's browser: the JavaScript and CSS (assets/), the files a site or package
ships with them (course-data.js), the SCORM launch page, and the generated handout and certificate pages."""
