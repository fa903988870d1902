"""The board bulk upload: the XLSX template, reading XLSX/CSV files, checking, preview, jobs."""
