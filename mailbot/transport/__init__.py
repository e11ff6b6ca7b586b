"""The edges to the mail world: where mail comes in and how mail goes out."""
