baseNameOf ./.
