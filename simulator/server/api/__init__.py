"""The control API: sessions, their logs, the templates, the recorder and the sequence diagram, for scripts, tests
and the page.
"""
