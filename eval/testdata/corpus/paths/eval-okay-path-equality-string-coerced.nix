"${toString /a}" == toString /a
