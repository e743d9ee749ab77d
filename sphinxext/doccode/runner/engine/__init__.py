"""The engine's side: what runs in the process of ``sphinx-build`` or ``pytest``.

It plans units (``plan/``), decides when each starts (``schedule/``), picks the
warm drivers and the Ray instance a unit runs on (``pools/``), and holds the
handles on the other processes: drivers (``drivers/``) and Ray instances
(``instances/``). It starts those processes by module name and never imports
``runner.driver`` or ``runner.holder``; it never imports Sphinx.
"""
