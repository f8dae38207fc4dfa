"""One module per `leaflets` subcommand."""
