"""The HWBL's inbox: staff sign-in, the queue of open cases, the case page, audit and overview.

Server-rendered pages under /inbox; scripts and styles are static files (the CSP is strict).
"""
