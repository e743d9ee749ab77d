"""The process that owns a private local Ray instance (:mod:`.main`).

The engine's handle on it is :mod:`sphinxext.doccode.runner.engine.instances.ray_instance`.
"""
