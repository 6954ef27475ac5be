/** The database's file name inside the data folder. */
export const DATABASE_FILE = 'telethon.sqlite';
/** The folder of online backups inside the data folder. */
export const BACKUP_FOLDER = 'backups';
