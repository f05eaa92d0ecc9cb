"""Stage 3, the site's sections: the pages made from the Catalog (templates by a kind's name,
URLs, the one sanitising boundary in safe.py, statistics), and the preview's read tracking."""
