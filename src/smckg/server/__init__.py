"""The SPARQL service: a Flask app factory, its blueprints, stores and supervised query workers."""
