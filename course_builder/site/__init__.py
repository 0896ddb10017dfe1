"""The learner site with MkDocs + Material: the only package that imports `mkdocs` or `material`
(Material reaches end of life in May 2027; replacing the site generator means replacing this folder)."""
