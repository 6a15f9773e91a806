-- Databricks notebook source
%python
print("first line of the notebook -> real magic cell")

-- COMMAND ----------

SELECT 1
