"""Storage and running at scale: takes parsed Minutes or many input PDFs (parsed in guarded
child processes or a worker pool); gives a searchable SQLite archive and JSON Lines."""
