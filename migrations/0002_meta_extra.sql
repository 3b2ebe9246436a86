-- Issue #11: reports of any office — level (街道/镇/乡/区/县/市/部门), city, where the office name was read
-- (title, opening, sign-off, file name, or an admin's edit) and the sign-off, kept as JSON beside the columns.
ALTER TABLE reports ADD COLUMN meta_extra TEXT;
