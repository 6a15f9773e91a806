-- Databricks notebook source

-- COMMAND ----------
%python
print("Hello world")

-- COMMAND ----------

SELECT a FROM b;

-- COMMAND ----------

%run ./Notebook
