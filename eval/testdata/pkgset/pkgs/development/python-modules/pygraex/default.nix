{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pymicordor, pynuwarab }:

buildPythonPackage rec {
  pname = "pygraex";
  version = "0.15";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "ba26d89a6f67f600cdbc1c7b6d67f53366214380d4d97b2f765a1ab9240b08eb";
  };

  propagatedBuildInputs = [ pymicordor pynuwarab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pygraex library, generated";
    homepage = "https://example.org/projects/pygraex";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
