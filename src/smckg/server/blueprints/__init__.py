"""The service's features, one blueprint per module.

Every module in this package that has a module-level ``blueprint`` (a ``flask.Blueprint``)
is registered by ``smckg.server.app.create_app``, in module-name order; a feature is added
by adding a file here, without editing the app factory.
"""
