"""Page templates shared by the sites of one CMS family; a site module binds them with its own parser names."""
