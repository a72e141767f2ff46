"""ntt-dw's own code beside the agencies' ingestion (ingestion/) and the publishing (publish/):
the command line (cli), the local Airflow and production topologies, the Airflow support code the
DAGs import (orchestration), benchmarks (bench) and the generators and transcribers of the shipped
sample data (tools)."""
