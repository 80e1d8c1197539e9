"""Storage: one protocol, its errors, and two implementations (SQLite, the embedded default;
DynamoDB, for the Lambda)."""
