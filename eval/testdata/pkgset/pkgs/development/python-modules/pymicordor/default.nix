{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pykamipul, pysolsolsol }:

buildPythonPackage rec {
  pname = "pymicordor";
  version = "2014";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "1sr1l2jsiw0gxb7prwbmgnwcjqalyfn6aq1gwlqilvijwnszkm5j";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ pykamipul pysolsolsol ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pymicordor library, generated";
    homepage = "https://example.org/projects/pymicordor";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
