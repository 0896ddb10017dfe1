"""What the LMS recorded, read back for trainers: `course-builder report` (issue 18).

Three layers, each plain Python, joined only by plain data:

- `exports`: an LMS's interactions export (Moodle's Interactions report download, or a generic long CSV)
  streamed as `ExportRow`s, one per learner attempt and interaction, in bounded memory;
- `answers`: an interaction id (`quizId.questionId`) and a stored response (SCORM 1.2 letters or 2004
  words) in the course's own words, from the loaded course;
- `statistics`: classical test theory over a learner x item score matrix: difficulty, corrected
  item-total discrimination, distractors, objective mastery, normalised gain, completion and pass rates.

Nothing here renders: the HTML report sits above these layers.
"""
