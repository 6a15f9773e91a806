-- The Path is resolved using the datasource's File Index.
REFRESH "hdfs://path/to/table";
