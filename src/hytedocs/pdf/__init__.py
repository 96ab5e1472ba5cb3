"""Stage 1, PDF -> words: takes a PDF (a path, bytes or a binary file) and the settings;
gives the opened source and every page's words (font maps repaired, OCR where asked)."""
