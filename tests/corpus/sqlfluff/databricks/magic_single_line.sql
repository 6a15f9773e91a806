-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Dummy Notebook

-- COMMAND ----------

-- MAGIC %run ./Notebook

-- COMMAND ----------

SELECT a FROM b
