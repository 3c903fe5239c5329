{ inherit zzz; }.zzz
