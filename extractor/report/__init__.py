"""Report: render a Result as JSON, a terminal view, HTML or table rows."""
