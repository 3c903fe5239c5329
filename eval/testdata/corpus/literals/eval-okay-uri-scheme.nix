[ mailto:someone@example.org git+ssh://host/repo ]
