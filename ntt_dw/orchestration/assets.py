"""Assets between the DAGs that are not per source (those come from the source registry)."""

from airflow.sdk import Asset

#: emitted by transform when every dbt task (error-severity tests included) succeeded
MARTS = Asset("warehouse.marts")
#: emitted by publish when a new read-only snapshot is current
SNAPSHOT = Asset("published.snapshot")
