map baseNameOf [ ./a ./b/c ]
