"""Building: from a project folder to the files in the out folder.

    project.py     the project folder: topics, locales, leaflets and quizzes, loaded once
    jobs.py        what a job is, where its file goes (and reading that back), the table
                   of job kinds as "module:function" names, planning, the summary
    inputs.py      what each kind of job reads (light: a no-op build asks every job)
    kinds.py       how each kind makes its file (loads the renderer)
    cache.py       file hashes and the manifest: what is up to date, and why not
    runner.py      runs the jobs that are not: grouped, on every core, written atomically
    pool.py        the worker processes
    progress.py    the progress line
    index_page.py  out/index.html: every file in the out folder, by language
    fhir_index.py  out/index.fhir.json: the same as a FHIR Bundle for an EHR
"""
