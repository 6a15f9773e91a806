analyze compression;

analyze compression listing;

analyse compression sales(qtysold, commission, saletime);

analyse compression sales comprows 10000;
