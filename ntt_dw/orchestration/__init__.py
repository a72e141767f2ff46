"""What every ntt-dw DAG shares: default args, callbacks, the dbt/cosmos configuration and the
run summary. The DAG files themselves stay a few lines each."""
