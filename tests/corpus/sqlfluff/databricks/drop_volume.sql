-- Drop the volume
DROP VOLUME vaccine_volume;

-- Drop the volume using IF EXISTS.
DROP VOLUME IF EXISTS vaccine_volume;
