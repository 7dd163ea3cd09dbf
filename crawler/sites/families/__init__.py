"""CMS families: page templates several sites share, one module per family. A family module holds
Template subclasses without `parser`; each site subclasses them, naming its parser and overriding only
what differs on that site."""
