{ a = __curPos; }
